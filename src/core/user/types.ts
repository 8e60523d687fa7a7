/** Users, their project roles, and the tokens they authenticate with. */
import type { ProjectRole, Scope } from '../permissions.js';

export interface User {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly isAdmin: boolean;
  readonly roles: readonly { readonly projectId: number; readonly role: ProjectRole }[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Token {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly Scope[] | null;
  readonly kind: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}
