// The answer cleaning of inline completions, as a table of answers real chat models give when
// asked for "only the missing code": fences, a repeated line, the code after the cursor echoed,
// brackets the suffix already closes, half lines. Each row: the text around the cursor, the raw
// answer, and the ghost text the user must see.
import * as assert from 'node:assert/strict';
import { balancedWithSuffix, cleanAnswer, withoutFences, withoutRepeatedPrefix, withoutRepeatedSuffix, wholeLines } from '../../../src/completions/clean';

interface Row {
  name: string;
  prefix: string;
  suffix: string;
  multiline: boolean;
  complete?: boolean;
  answer: string;
  shown: string;
}

const TS_FN = 'export function total(items: Item[]): number {\n  ';
const ROWS: Row[] = [
  {
    name: 'plain answer, nothing to clean',
    prefix: 'const sum = items.reduce(',
    suffix: ');\n',
    multiline: false,
    answer: '(a, b) => a + b, 0',
    shown: '(a, b) => a + b, 0',
  },
  {
    name: 'fenced with a language tag',
    prefix: TS_FN,
    suffix: '\n}\n',
    multiline: true,
    answer: '```typescript\nreturn items.reduce((s, i) => s + i.price, 0);\n```',
    shown: 'return items.reduce((s, i) => s + i.price, 0);',
  },
  {
    name: 'fence after a sentence of explanation',
    prefix: 'def area(r):\n    ',
    suffix: '\n',
    multiline: true,
    answer: "Here's the completion:\n\n```python\nreturn math.pi * r ** 2\n```\nThis uses the formula for the area of a circle.",
    shown: 'return math.pi * r ** 2',
  },
  {
    name: 'fence never closed (answer cut off)',
    prefix: 'fn main() {\n    ',
    suffix: '\n}',
    multiline: true,
    complete: false,
    answer: '```rust\nlet x = 5;\nprintln!("{}", x);\nlet y',
    shown: 'let x = 5;\nprintln!("{}", x);',
  },
  {
    name: 'repeats the current line before the cursor',
    prefix: 'for (let i = 0; ',
    suffix: '\n',
    multiline: false,
    answer: 'for (let i = 0; i < items.length; i++) {',
    shown: 'i < items.length; i++) {',
  },
  {
    name: 'repeats the word being typed',
    prefix: '  retu',
    suffix: '\n}',
    multiline: false,
    answer: 'return total;',
    shown: 'rn total;',
  },
  {
    name: 'repeats the previous lines and the current one',
    prefix: 'class Stack:\n    def __init__(self):\n        self.items = []\n\n    def push(self, x):\n        ',
    suffix: '\n',
    multiline: true,
    answer: '    def push(self, x):\n        self.items.append(x)',
    shown: 'self.items.append(x)',
  },
  {
    name: 'indents again at the start of an indented line',
    prefix: 'if ok {\n    ',
    suffix: '\n}',
    multiline: true,
    answer: '    return nil',
    shown: 'return nil',
  },
  {
    name: 'echoes the rest of the line after the cursor',
    prefix: 'console.log(',
    suffix: ');\nnext();',
    multiline: false,
    answer: '`total: ${total}`);',
    shown: '`total: ${total}`',
  },
  {
    name: 'closes a bracket the suffix already closes',
    prefix: 'const user = await fetchUser(',
    suffix: ')\n',
    multiline: false,
    answer: 'id, { cache: true })',
    shown: 'id, { cache: true }',
  },
  {
    name: 'echoes the lines after the cursor',
    prefix: 'function add(a, b) {\n  ',
    suffix: '\n}\n\nfunction sub(a, b) {\n  return a - b;\n}',
    multiline: true,
    answer: 'return a + b;\n}\n\nfunction sub(a, b) {',
    shown: 'return a + b;',
  },
  {
    name: 'ends with the exact closing line the suffix starts with',
    prefix: 'function add(a, b) {\n  ',
    suffix: '\n}\n',
    multiline: true,
    answer: 'const sum = a + b;\n  return sum;\n}',
    shown: 'const sum = a + b;\n  return sum;',
  },
  {
    name: 'keeps its own closing brace at another indentation',
    prefix: 'function f(a) {\n  if (a) {\n    ',
    suffix: '\n}\n',
    multiline: true,
    answer: 'return 1;\n  }',
    shown: 'return 1;\n  }',
  },
  {
    name: 'one line asked, several given: the first line only',
    prefix: 'const names = users.map(',
    suffix: '\n',
    multiline: false,
    answer: '(u) => u.name);\nconsole.log(names);\nreturn names;',
    shown: '(u) => u.name);',
  },
  {
    name: 'cut off mid-line in a block: whole lines only',
    prefix: 'public void run() {\n    ',
    suffix: '\n}',
    multiline: true,
    complete: false,
    answer: 'int count = 0;\n    for (Item item : items) {\n        count += item.get',
    shown: 'int count = 0;\n    for (Item item : items) {',
  },
  {
    name: 'leading blank lines on an empty line',
    prefix: 'package main\n\n',
    suffix: '',
    multiline: true,
    answer: '\n\nfunc main() {\n\tfmt.Println("hi")\n}',
    shown: 'func main() {\n\tfmt.Println("hi")\n}',
  },
  {
    name: 'reasoning printed before the answer',
    prefix: 'SELECT name FROM users WHERE ',
    suffix: '',
    multiline: false,
    answer: '<think>The user wants a filter.</think>\nactive = 1;',
    shown: 'active = 1;',
  },
  {
    name: 'our hole marker and file tag echoed',
    prefix: 'let x = ',
    suffix: ';\n',
    multiline: false,
    answer: '<FILL_HERE>42',
    shown: '42',
  },
  {
    name: 'only the code after the cursor, repeated: nothing to show',
    prefix: 'function f() {\n  ',
    suffix: '\n  return 1;\n}',
    multiline: true,
    answer: 'return 1;\n}',
    shown: '',
  },
  {
    name: 'an empty or whitespace answer',
    prefix: 'x = 1\n',
    suffix: '',
    multiline: true,
    answer: '  \n ',
    shown: '',
  },
  {
    name: 'Windows line ends and trailing spaces',
    prefix: 'if (a) {\r\n  ',
    suffix: '\n}',
    multiline: true,
    answer: 'b();   \r\n  c();\r\n',
    shown: 'b();\n  c();',
  },
  {
    name: 'more lines than a completion shows',
    prefix: 'const days = [\n  ',
    suffix: '\n];',
    multiline: true,
    answer: Array.from({ length: 20 }, (_, i) => `'d${i}',`).join('\n  '),
    shown: Array.from({ length: 12 }, (_, i) => `'d${i}',`).join('\n  '),
  },
  {
    name: 'a closing bracket inside a string is not a bracket',
    prefix: 'print(',
    suffix: ')',
    multiline: false,
    answer: '"a)b")',
    shown: '"a)b"',
  },
];

describe('completions: cleaning model answers', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const shown = cleanAnswer(row.answer, { prefix: row.prefix, suffix: row.suffix, multiline: row.multiline, complete: row.complete ?? true });
      assert.equal(shown, row.shown);
    });
  }

  it('fences: a tilde fence, and a lone closing fence at the end', () => {
    assert.equal(withoutFences('~~~js\na();\n~~~'), 'a();');
    assert.equal(withoutFences('a();\n```'), 'a();');
    assert.equal(withoutFences('no fence here'), 'no fence here');
  });

  it('repeated prefix: an overlap that is not a repeat stays', () => {
    // "x" then "xs.length" would be a repeat of the word; "+ 1" is simply the continuation.
    assert.equal(withoutRepeatedPrefix(' + 1', 'const n = x'), ' + 1');
    assert.equal(withoutRepeatedPrefix('xs.length', 'const n = x'), 's.length');
  });

  it('repeated suffix: lines after the cursor are compared exactly, indentation included', () => {
    assert.equal(withoutRepeatedSuffix('a();\n}', '\n}'), 'a();');
    assert.equal(withoutRepeatedSuffix('a();\n  }', '\n}'), 'a();\n  }');
  });

  it('brackets: only a closer the suffix starts with is cut', () => {
    assert.equal(balancedWithSuffix('a, b)', ')'), 'a, b');
    assert.equal(balancedWithSuffix('a, b)', ''), 'a, b)');
    assert.equal(balancedWithSuffix('f(a), b', ')'), 'f(a), b');
    // The suffix's brace on a later line closes the function; the answer's closes its own block.
    assert.equal(balancedWithSuffix('return 1;\n}', '\n}'), 'return 1;\n}');
  });

  it('whole lines: a complete answer keeps its last line, a cut one drops it', () => {
    assert.equal(wholeLines('a\nb\nc', true, true), 'a\nb\nc');
    assert.equal(wholeLines('a\nb\nc', true, false), 'a\nb');
    assert.equal(wholeLines('abc', true, false), 'abc');
  });
});
