/** Schema pieces shared by the PostHog routes. */
import Type, { type TSchema } from 'typebox';
import { errorResponsesOf } from '../../shared/error-responses.js';

export const Id = Type.Integer({ minimum: 1, format: 'int64' });

export const ErrorBody = Type.Object(
  {
    type: Type.String({ description: 'validation_error, authentication_error, invalid_request, throttled_error or server_error.' }),
    code: Type.String({ description: 'invalid_input, unique, permission_denied, not_found, …' }),
    detail: Type.String({ description: 'What went wrong.' }),
    attr: Type.Union([Type.String(), Type.Null()], { description: 'The request field the error is about, if any.' }),
    request_id: Type.String({ description: 'The request id (also the x-request-id header).' }),
  },
  { $id: 'PostHogError' },
);

export const errorResponses = errorResponsesOf(ErrorBody);

export const ProjectParams = Type.Object({ project_id: Type.Integer({ minimum: 1, description: 'Project ID of the project you are trying to access.' }) });
export const ExperimentParams = Type.Object({ project_id: Type.Integer({ minimum: 1 }), id: Id });

/** The envelope `{count, next, previous, results}` of a list of `item`. */
export function Paginated<T extends TSchema>(item: T) {
  return Type.Object({
    count: Type.Integer(),
    next: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
    previous: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
    results: Type.Array(item),
  });
}
