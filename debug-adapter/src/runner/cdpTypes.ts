// The few Chrome DevTools Protocol shapes the runtime reads, typed by hand (only the fields used).

export interface Location {
  readonly scriptId: string;
  readonly lineNumber: number;
  readonly columnNumber?: number;
}

export interface RemoteObject {
  readonly type: string;
  readonly subtype?: string;
  readonly className?: string;
  readonly value?: unknown;
  readonly description?: string;
  readonly objectId?: string;
}

export interface Scope {
  readonly type: string;
  readonly object: RemoteObject;
}

export interface CallFrame {
  readonly callFrameId: string;
  readonly functionName: string;
  readonly location: Location;
  readonly url: string;
  readonly scopeChain: readonly Scope[];
}

export interface PausedEvent {
  readonly callFrames: readonly CallFrame[];
  readonly reason: string;
  readonly data?: unknown;
  readonly hitBreakpoints?: readonly string[];
}

export interface ScriptParsedEvent {
  readonly scriptId: string;
  readonly url: string;
  readonly scriptLanguage?: string;
  readonly codeOffset?: number;
}
