/** The error statuses every dialect documents on its routes, each with that dialect's error body. */
import type { TSchema } from 'typebox';

export function errorResponsesOf<T extends TSchema>(body: T): { 400: T; 401: T; 403: T; 404: T; 409: T; 413: T; 429: T } {
  return { 400: body, 401: body, 403: body, 404: body, 409: body, 413: body, 429: body };
}
