// Demangles Rust legacy symbol names (`_ZN4demo4main17h0123456789abcdefE` → `demo::main`), which is
// what rustc puts in the name section. Other names come back unchanged.

const ESCAPES: Record<string, string> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};

export function demangle(name: string): string {
  const start = name.startsWith('_ZN') ? 3 : name.startsWith('__ZN') ? 4 : -1;
  if (start < 0 || !name.endsWith('E')) return name;
  const parts: string[] = [];
  let i = start;
  while (i < name.length - 1) {
    let j = i;
    while (j < name.length && name[j] >= '0' && name[j] <= '9') j++;
    if (j === i) return name;
    const len = Number(name.slice(i, j));
    const part = name.slice(j, j + len);
    if (part.length !== len) return name;
    parts.push(part);
    i = j + len;
  }
  if (parts.length > 1 && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  return parts.map(unescape).join('::');
}

function unescape(part: string): string {
  let s = part.startsWith('_$') ? part.slice(1) : part;
  s = s.replace(/\$([A-Z]{1,2}|u[0-9a-f]{1,6})\$/g, (m, code: string) => {
    if (code.startsWith('u')) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return ESCAPES[code] ?? m;
  });
  return s.replace(/\.\./g, '::');
}
