/** Schema pieces shared by the Ours Privacy routes. */
import Type from 'typebox';
import { errorResponsesOf } from '../../shared/error-responses.js';

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Category of the error (invalid, not_found, forbidden, …).' }),
    details: Type.String({ description: 'What went wrong, naming the offending field.' }),
    requestId: Type.String({ description: 'The request id (also the x-request-id header).' }),
  },
  { $id: 'OursError' },
);

export const errorResponses = errorResponsesOf(ErrorBody);

export const Pagination = Type.Object({
  nextCursor: Type.Optional(Type.String({ description: 'Pass as `cursor` to get the next page; absent on the last page.' })),
  hasMore: Type.Boolean(),
});

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ default: 25, description: 'Items per page; clamped to 1..100.' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Opaque cursor from pagination.nextCursor.' })),
};

export const PublicId = (prefix: string) => Type.String({ minLength: 1, maxLength: 100, description: `A ${prefix}_… id.` });
