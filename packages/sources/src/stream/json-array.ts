/**
 * A small streaming reader of one JSON array (`[{…}, {…}]`, optionally wrapped as
 * `{"<key>": [...]}`): text goes in by chunks, each element comes out parsed as soon as its last
 * character arrived. It only finds element boundaries (strings, escapes, nesting); `JSON.parse`
 * parses each element. Memory is bounded by the longest element (`maxElementChars`) plus a chunk,
 * whatever the document's size.
 */

export type JsonStreamProblem = 'syntax' | 'truncated' | 'too_large';

/** The text is not one complete JSON array. The message gives an offset, never content. */
export class JsonStreamError extends Error {
  readonly problem: JsonStreamProblem;

  constructor(problem: JsonStreamProblem, message: string) {
    super(message);
    this.name = 'JsonStreamError';
    this.problem = problem;
  }
}

export interface JsonArrayReaderOptions {
  /** The longest element accepted, in characters. */
  maxElementChars: number;
  /** Also accept the array as the value of this key of a top-level object. */
  wrapperKey?: string;
}

export interface JsonArrayReader {
  /** Feeds the next chunk; returns the elements completed by it, parsed. */
  push(chunk: string): unknown[];
  /** The input ended: throws `truncated` unless the array (and its wrapper) closed. */
  end(): void;
}

type State =
  | 'start'
  | 'wrapper-key' // expecting a key or `}` in the wrapper object
  | 'wrapper-colon'
  | 'wrapper-value'
  | 'wrapper-after-value' // expecting `,` or `}`
  | 'array-first' // after `[`: an element or `]`
  | 'array-next' // after `,`: an element
  | 'array-after' // after an element: `,` or `]`
  | 'element'
  | 'done';

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function createJsonArrayReader(options: JsonArrayReaderOptions): JsonArrayReader {
  const { maxElementChars, wrapperKey } = options;
  let state: State = 'start';
  let offset = 0; // characters consumed before the current chunk
  let first = true;
  // The element (or wrapper key/value) being captured.
  let buffer = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  /** What is captured: an array element (output), a wrapper key, or a wrapper value (skipped). */
  let capturing: 'element' | 'key' | 'skip' = 'element';
  let key = '';
  let inWrapper = false;
  let foundArray = false;

  const fail = (problem: JsonStreamProblem, message: string, at: number): never => {
    throw new JsonStreamError(problem, `${message} (at character ${offset + at})`);
  };

  const startCapture = (what: typeof capturing, c: number) => {
    state = 'element';
    capturing = what;
    buffer = '';
    depth = c === 0x7b || c === 0x5b ? 1 : 0; // the opening bracket is consumed by the caller
    inString = c === QUOTE;
    escaped = false;
    scalar = c !== QUOTE && c !== 0x7b && c !== 0x5b;
  };

  return {
    push(input) {
      let chunk = input;
      if (first && chunk.length > 0) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      const out: unknown[] = [];
      let captureFrom = state === 'element' ? 0 : -1;

      const finish = (endIndex: number) => {
        const text = buffer + chunk.slice(captureFrom, endIndex);
        buffer = '';
        captureFrom = -1;
        if (text.length > maxElementChars)
          fail('too_large', `an element is longer than ${maxElementChars} characters`, endIndex);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          fail('syntax', 'an element is not valid JSON', endIndex);
        }
        if (capturing === 'element') {
          out.push(value);
          state = 'array-after';
        } else if (capturing === 'key') {
          key = value as string;
          state = 'wrapper-colon';
        } else state = 'wrapper-after-value';
      };

      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (state === 'element') {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === BACKSLASH) escaped = true;
            else if (c === QUOTE) {
              inString = false;
              if (depth === 0) finish(i + 1);
            }
            continue;
          }
          if (scalar) {
            if (isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d) {
              finish(i);
              i--; // the delimiter belongs to the next state
            }
            continue;
          }
          if (c === QUOTE) inString = true;
          else if (c === 0x7b || c === 0x5b) depth++;
          else if (c === 0x7d || c === 0x5d) {
            depth--;
            if (depth === 0) finish(i + 1);
          }
          continue;
        }
        if (isSpace(c)) continue;
        switch (state) {
          case 'start':
            if (c === 0x5b) {
              state = 'array-first';
              foundArray = true;
            } else if (c === 0x7b && wrapperKey !== undefined) {
              inWrapper = true;
              state = 'wrapper-key';
            } else fail('syntax', 'the document is not a JSON array', i);
            break;
          case 'wrapper-key':
            if (c === 0x7d) state = 'done';
            else if (c === QUOTE) {
              startCapture('key', c);
              captureFrom = i;
            } else fail('syntax', 'expected a key in the top-level object', i);
            break;
          case 'wrapper-colon':
            if (c !== 0x3a) fail('syntax', 'expected ":" in the top-level object', i);
            state = 'wrapper-value';
            break;
          case 'wrapper-value':
            if (key === wrapperKey && c === 0x5b && !foundArray) {
              state = 'array-first';
              foundArray = true;
            } else {
              startCapture('skip', c);
              captureFrom = i;
            }
            break;
          case 'wrapper-after-value':
            if (c === 0x2c) state = 'wrapper-key';
            else if (c === 0x7d) state = 'done';
            else fail('syntax', 'expected "," or "}" in the top-level object', i);
            break;
          case 'array-first':
          case 'array-next':
            if (c === 0x5d && state === 'array-first') {
              state = inWrapper ? 'wrapper-after-value' : 'done';
              break;
            }
            startCapture('element', c);
            captureFrom = i;
            break;
          case 'array-after':
            if (c === 0x2c) state = 'array-next';
            else if (c === 0x5d) state = inWrapper ? 'wrapper-after-value' : 'done';
            else fail('syntax', 'expected "," or "]" between array elements', i);
            break;
          case 'done':
            fail('syntax', 'text after the end of the JSON document', i);
        }
      }
      if (state === 'element') {
        buffer += chunk.slice(captureFrom);
        if (buffer.length > maxElementChars) {
          fail('too_large', `an element is longer than ${maxElementChars} characters`, chunk.length);
        }
      }
      offset += chunk.length;
      return out;
    },

    end() {
      if (state !== 'done') {
        throw new JsonStreamError('truncated', `the JSON document ends early (after ${offset} characters)`);
      }
      if (!foundArray) {
        throw new JsonStreamError('syntax', `the top-level object has no "${wrapperKey}" array`);
      }
    },
  };
}
