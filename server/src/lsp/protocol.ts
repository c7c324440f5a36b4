// Custom requests of the WIT language server. The client (status bar, world view) sends these;
// the shapes here are the contract between them. Positions and ranges are LSP's.

import type { Position, TextDocumentIdentifier } from 'vscode-languageserver/node';
import type { PackageInfo } from '../features/packageInfo';
import type { WorldViewJson } from './convert';

/** The package a document belongs to: `{ textDocument }` → `PackageInfoResult | null`. */
export const PACKAGE_INFO = 'wasiStudio/packageInfo';

export interface PackageInfoParams {
  readonly textDocument: TextDocumentIdentifier;
}

/** The feature's result holds no positions, so it crosses the wire unchanged and is defined once. */
export type PackageInfoResult = PackageInfo;

/** The package id alone (`ns:name@version`), for status bars: `{ textDocument }` → `string | null`. */
export const PACKAGE_NAME = 'wasiStudio/packageName';

/**
 * A world elaborated after `include`/`with` and transitive imports:
 * `{ textDocument, position?, world? }` → `WorldViewJson | null`. `world` (a plain or qualified
 * name) wins over `position` (the world around it); without either, the file's first world.
 */
export const WORLD_VIEW = 'wasiStudio/worldView';

export interface WorldViewParams {
  readonly textDocument: TextDocumentIdentifier;
  readonly position?: Position;
  readonly world?: string;
}

export type WorldViewResult = WorldViewJson;
