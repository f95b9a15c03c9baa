const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十, 十二, 二十, 二十三, 九十九: Chinese numerals up to 99, or null. */
function chineseNumber(text: string): number | null {
  const single = DIGITS[text];
  if (text.length === 1 && single !== undefined) return single;
  const m = /^([一二两三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(text);
  if (!m) return null;
  const tens = m[1] ? (DIGITS[m[1]] ?? 1) : 1;
  const ones = m[2] ? (DIGITS[m[2]] ?? 0) : 0;
  return tens * 10 + ones;
}

/**
 * The answer to the check question as the server wants it (ASCII digits). Residents answer with the phone's
 * keyboard of the moment: full-width digits, or Chinese numerals from handwriting or voice input (十二). What
 * cannot be read is sent as typed, and the server says it is wrong.
 */
export function readAnswer(typed: string): string {
  const text = typed
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s。.]+$/, '');
  if (/^\d+$/.test(text)) return String(Number(text));
  const n = chineseNumber(text);
  return n === null ? text : String(n);
}
