// The server's settings, read from the `wasiStudio` configuration section (or the client's
// initialization options) and validated here, so the rest of the server sees typed values only.
// Keep in step with `contributes.configuration` in package.json: `wasiStudio.wit.features`,
// `wasiStudio.wit.allFeatures` (`wasiStudio.trace.server` is handled by the client library).

export interface WitSettings {
  /** `@unstable` features to treat as active. */
  readonly features: readonly string[];
  /** Treat every feature as active. */
  readonly allFeatures: boolean;
}

export const DEFAULT_SETTINGS: WitSettings = { features: [], allFeatures: false };

/**
 * Reads settings from either the `wasiStudio` section (`{ wit: { features, allFeatures } }`) or
 * the flat initialization options (`{ features, allFeatures }`). Malformed values fall back to
 * the defaults and are reported in `problems`.
 */
export function readSettings(raw: unknown): { settings: WitSettings; problems: string[] } {
  const problems: string[] = [];
  const root = isRecord(raw) ? raw : {};
  const wit = isRecord(root.wit) ? root.wit : root;
  let features: readonly string[] = DEFAULT_SETTINGS.features;
  if (wit.features !== undefined) {
    if (Array.isArray(wit.features) && wit.features.every((f): f is string => typeof f === 'string')) {
      features = wit.features.map((f) => f.trim()).filter((f) => f.length > 0);
    } else {
      problems.push('wasiStudio.wit.features must be an array of feature names; ignoring it');
    }
  }
  let allFeatures = DEFAULT_SETTINGS.allFeatures;
  if (wit.allFeatures !== undefined) {
    if (typeof wit.allFeatures === 'boolean') allFeatures = wit.allFeatures;
    else problems.push('wasiStudio.wit.allFeatures must be true or false; ignoring it');
  }
  return { settings: { features, allFeatures }, problems };
}

export function sameSettings(a: WitSettings, b: WitSettings): boolean {
  return a.allFeatures === b.allFeatures && a.features.length === b.features.length && a.features.every((f, i) => f === b.features[i]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
