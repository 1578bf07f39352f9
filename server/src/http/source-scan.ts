/**
 * A small reader of TypeScript source for the message tests: the string literals of a file with
 * the call they are an argument of (`badRequest(` arg 0, `.regex(` arg 1, …) or the object key
 * they are the value of (`message:`). Not a parser: enough for our own code (comments, regex
 * literals, nested template strings); a test, not the server, depends on it.
 */
export interface Literal {
  /** the text with each `${…}` replaced by a sample (see `sampleOf`) */
  sample: string;
  /** innermost call this literal is directly an argument of, and which argument (0-based) */
  call: { name: string; arg: number; firstArg: string } | null;
  /** object key right before it (`message: '…'`) */
  key: string | null;
  line: number;
}

const REGEX_BEFORE = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '']);

/** `${x}` → `X1`; a conditional piece (`${a ? `…` : ''}`) → nothing, as when it is empty. */
function sampleOf(parts: { text: string; exprs: string[] }): string {
  let out = parts.text;
  parts.exprs.forEach((e, i) => {
    out = out.replace(`\u0000${i}\u0000`, /[`?]/.test(e) ? '' : `X${i + 1}`);
  });
  return out;
}

export function literals(src: string): Literal[] {
  const out: Literal[] = [];
  // call stack: one frame per open paren/bracket/brace; calls know their name and argument index
  const stack: { name: string | null; arg: number; firstArg: string; argStart: number }[] = [];
  let i = 0;
  let line = 1;
  let lastSig = '';
  let lastWord = '';
  let pendingKey: string | null = null;

  const readString = (q: string): { text: string; exprs: string[] } => {
    // i is at the opening quote
    let text = '';
    const exprs: string[] = [];
    i++;
    while (i < src.length && src[i] !== q) {
      const c = src[i]!;
      if (c === '\n') line++;
      if (c === '\\') {
        text += src[i + 1] === 'n' ? '\n' : (src[i + 1] ?? '');
        i += 2;
        continue;
      }
      if (q === '`' && c === '$' && src[i + 1] === '{') {
        const start = i + 2;
        let depth = 1;
        i += 2;
        while (i < src.length && depth > 0) {
          const d = src[i]!;
          if (d === '`' || d === "'" || d === '"') {
            readString(d);
            i++;
            continue;
          }
          if (d === '{') depth++;
          if (d === '}') depth--;
          i++;
        }
        exprs.push(src.slice(start, i - 1));
        text += `\u0000${exprs.length - 1}\u0000`;
        continue;
      }
      text += c;
      i++;
    }
    return { text, exprs };
  };

  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') line++;
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      line += (src.slice(i, end).match(/\n/g) ?? []).length;
      i = end < 0 ? src.length : end + 2;
      continue;
    }
    if (c === '/' && (REGEX_BEFORE.has(lastSig) || lastWord === 'return')) {
      i++;
      let inClass = false;
      while (i < src.length && (inClass || src[i] !== '/')) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (/[a-z]/.test(src[i] ?? '')) i++;
      lastSig = '/';
      lastWord = '';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const startLine = line;
      const parts = readString(c);
      i++;
      const top = stack[stack.length - 1];
      out.push({ sample: sampleOf(parts), call: top?.name ? { name: top.name, arg: top.arg, firstArg: top.firstArg } : null, key: pendingKey, line: startLine });
      lastSig = 'str';
      lastWord = '';
      pendingKey = null;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 80))!;
      lastWord = m[0];
      i += m[0].length;
      const after = /^\s*:/.exec(src.slice(i, i + 20));
      pendingKey = after && lastSig !== '?' ? m[0] : null;
      lastSig = 'w';
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      stack.push({ name: c === '(' && lastSig === 'w' ? lastWord : null, arg: 0, firstArg: '', argStart: i + 1 });
    } else if (c === ')' || c === ']' || c === '}') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.arg === 0) top.firstArg = src.slice(top.argStart, i).trim();
        top.arg++;
      }
    }
    if (!/\s/.test(c)) {
      lastSig = c;
      if (c !== ':') pendingKey = null;
      lastWord = '';
    }
    i++;
  }
  return out;
}
