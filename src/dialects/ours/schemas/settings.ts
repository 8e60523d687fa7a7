/** Experiment settings: which project and environment web experiments run in, and snippet options. */
import Type from 'typebox';
import { Pagination } from './common.js';

export const Settings = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    projectId: Type.Integer(),
    environmentKey: Type.String(),
    sdkKey: Type.String({ description: 'The environment SDK key the snippet URL carries.' }),
    snippetUrl: Type.String({ description: 'Add `<script src="…">` with this URL to the page <head>.' }),
    antiFlickerTimeoutMs: Type.Integer(),
    cookieName: Type.String(),
    cookieDays: Type.Integer(),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'OursExperimentSettings' },
);

export const SettingsList = Type.Object({ entities: Type.Array(Settings), pagination: Pagination });

export const SettingsInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    projectId: Type.Optional(Type.Integer({ minimum: 1 })),
    environmentKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    antiFlickerTimeoutMs: Type.Optional(Type.Integer()),
    cookieName: Type.Optional(Type.String({ maxLength: 64 })),
    cookieDays: Type.Optional(Type.Integer()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
