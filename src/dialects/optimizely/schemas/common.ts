/** Schema pieces shared by the Optimizely routes. */
import Type from 'typebox';
import { errorResponsesOf } from '../../shared/error-responses.js';

export const Id = Type.Integer({ minimum: 1, format: 'int64' });
export const Timestamp = Type.String({ format: 'date-time' });
export const Version = Type.Integer({ minimum: 1, description: 'Row version; send it back (or as If-Match) to update without losing a concurrent change.' });

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Category of the error (invalid, not_found, forbidden, …).' }),
    message: Type.String({ description: 'What went wrong, naming the offending field.' }),
    uuid: Type.String({ description: 'The request id (also the x-request-id header).' }),
  },
  { $id: 'OptimizelyError' },
);

export const errorResponses = errorResponsesOf(ErrorBody);

export const ProjectIdParam = Type.Object({ project_id: Id });
export const ProjectIdQuery = { project_id: Id };
