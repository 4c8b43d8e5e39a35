// The text a reading starts from (the argument, else the editor's selection) and what of it is
// spoken; and how speech errors are shown.
import * as vscode from 'vscode';
import { isMediaInputError, MediaInputError } from '../images/errors';
import { showError } from '../ui/showError';
import { MAX_READ_CHARS } from './split';
import { speakableText } from './text';
import { notifyError } from '../ui/notify';

export interface SourceText {
  text: string;
  /** Language of the document it came from (undefined: chat text, read as Markdown). */
  languageId: string | undefined;
}

/** The active editor's selections, joined; undefined when nothing is selected. */
export function selectedText(): SourceText | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const parts = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s));
  const text = parts.join('\n\n');
  return text.trim() ? { text, languageId: editor.document.languageId } : undefined;
}

function tooLong(length: number): MediaInputError {
  return new MediaInputError(`The text is too long to read aloud (${length.toLocaleString('en-US')} characters; the limit is ${MAX_READ_CHARS.toLocaleString('en-US')}). Select less.`);
}

/** Turns the raw text into what is spoken, or says why there is nothing to speak. */
export function spokenText(source: SourceText | undefined): string {
  if (!source || !source.text.trim()) throw new MediaInputError('Select some text to read aloud first.');
  if (source.text.length > MAX_READ_CHARS * 2) throw tooLong(source.text.length);
  const spoken = speakableText(source.text, source.languageId);
  if (!spoken) throw new MediaInputError('There is nothing to read: the selection holds only markup.');
  if (spoken.length > MAX_READ_CHARS) throw tooLong(spoken.length);
  return spoken;
}

/** Shows an error without waiting for the user to dismiss it (a command must not hang on a toast). */
export function reportSpeechError(prefix: string, err: unknown): void {
  if (isMediaInputError(err)) void notifyError(`${prefix}: ${err.message}`);
  else void showError(prefix, err);
}
