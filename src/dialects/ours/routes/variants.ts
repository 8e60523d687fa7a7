/** /rest/v1/experiments/{id}/variants: the variants of a web experiment. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { resolveWebExperiment } from '../../../commands/web/read-web-experiments.js';
import { createWebVariant, deleteWebVariant, listWebVariants, updateWebVariant } from '../../../commands/web/web-variants.js';
import { commandContext } from '../../shared/command-context.js';
import { variantDraftIn, variantOut } from '../map/experiments.js';
import { errorResponses, PublicId } from '../schemas/common.js';
import { Variant, VariantInput, VariantList } from '../schemas/experiments.js';

const tags = ['Experiment variants'];
const VariantParams = Type.Object({ id: PublicId('exp'), variantId: PublicId('var') });

export async function variantRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments/:id/variants', {
    schema: { operationId: 'oursListVariants', tags, params: Type.Object({ id: PublicId('exp') }), response: { 200: VariantList, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const ctx = commandContext(request);
    const list = await listWebVariants(ctx, await resolveWebExperiment(ctx, request.params.id));
    return { entities: list.map((v) => variantOut(v, request.params.id)) };
  });

  r.post('/experiments/:id/variants', {
    schema: { operationId: 'oursCreateVariant', tags, params: Type.Object({ id: PublicId('exp') }), body: VariantInput, response: { 201: Variant, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const ctx = commandContext(request);
    const created = await createWebVariant(ctx, await resolveWebExperiment(ctx, request.params.id), variantDraftIn('body', request.body));
    return reply.code(201).send(variantOut(created, request.params.id));
  });

  r.patch('/experiments/:id/variants/:variantId', {
    schema: { operationId: 'oursUpdateVariant', tags, params: VariantParams, body: VariantInput, response: { 200: Variant, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const ctx = commandContext(request);
    const updated = await updateWebVariant(ctx, await resolveWebExperiment(ctx, request.params.id), request.params.variantId, request.body);
    return variantOut(updated, request.params.id);
  });

  r.delete('/experiments/:id/variants/:variantId', {
    schema: { operationId: 'oursDeleteVariant', tags, params: VariantParams, response: { 200: Type.Boolean(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const ctx = commandContext(request);
    await deleteWebVariant(ctx, await resolveWebExperiment(ctx, request.params.id), request.params.variantId);
    return true;
  });
}
