// Venice: Generate Image, Upscale Image, Edit Image…
// Interactive use asks for the prompt (prefilled from the selection), then model, style and size,
// remembering the last choices. With an argument object the supplied fields are used and nothing
// is asked: a call with `prompt` never shows a picker (settings fill the rest), so scripts and
// tools can run it unattended. Scripted calls reject with the reason; interactive ones show it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import { COMMANDS } from '../ids';
import { describeModel, listableModels, safeText } from '../models/format';
import type { Services } from '../services';
import { guardPath } from '../tools/pathGuard';
import { showError } from '../ui/showError';
import { isVeniceError } from '../venice/errors';
import type { VeniceModel } from '../venice/types';
import { MAX_EDIT_PIXELS } from './checks';
import { isMediaInputError, MediaInputError } from './errors';
import { imageConstraints, MAX_PROMPT_CHARS, parseGenerateImageArgs, sizesFor, type GenerateImageArgs, type ImageConstraints } from './request';
import { readInputImage } from './inputImage';
import type { ImageRequest } from './service';
import { workspaceRelative, writableWorkspaceFolder } from './workspaceFiles';
import { notifyError, notifyInfo } from '../ui/notify';

/** Last picker choices (not secrets, not settings): offered first next time. */
const CHOICES_KEY = 'venice.image.lastChoices';

interface RememberedChoices {
  model?: string;
  /** '' = no style. */
  style?: string;
  size?: { aspectRatio?: string; width?: number; height?: number };
}

function remembered(services: Services): RememberedChoices {
  const v = services.context.globalState.get<unknown>(CHOICES_KEY);
  return typeof v === 'object' && v !== null ? (v as RememberedChoices) : {};
}

export async function report(prefix: string, err: unknown, scripted: boolean): Promise<undefined> {
  if (isVeniceError(err) && err.kind === 'cancelled') return undefined;
  if (scripted) throw err instanceof Error ? err : new Error(String(err));
  // Not awaited: the command must not wait for the user to dismiss the message.
  if (isMediaInputError(err)) void notifyError(`${prefix}: ${err.message}`);
  else void showError(prefix, err);
  return undefined;
}

/** Runs `task` under a cancellable progress notification; Cancel aborts the request. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    try {
      return await task(ac.signal);
    } finally {
      sub.dispose();
    }
  });
}

export async function openImage(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true, preserveFocus: false });
  } catch {
    // The file is written; failing to show it is not worth an error.
  }
}

// ---------- generate ----------

function selectionPrefill(): string {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return '';
  return editor.document.getText(editor.selection).trim().slice(0, MAX_PROMPT_CHARS);
}

async function askPrompt(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'Venice: Generate Image',
    prompt: 'Describe the image',
    placeHolder: 'A gondola on a canal at blue hour, cinematic light',
    value: selectionPrefill(),
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? 'Describe the image to generate.' : v.trim().length > MAX_PROMPT_CHARS ? `At most ${MAX_PROMPT_CHARS} characters (now ${v.trim().length}).` : undefined),
  });
  return value?.trim() || undefined;
}

interface ModelPickItem extends vscode.QuickPickItem {
  id: string;
}

/** The model picker; it opens at once (with a progress bar) while the list loads. */
async function pickModel(services: Services, preferred: () => Promise<string | undefined>): Promise<VeniceModel | string | undefined> {
  let models: VeniceModel[] = [];
  const items = (async (): Promise<ModelPickItem[]> => {
    const [list, want] = await Promise.all([services.models.get('image'), preferred()]);
    models = listableModels(list);
    const out: ModelPickItem[] = models.map((m) => {
      const row = describeModel(m);
      return { label: row.label, description: row.description, detail: row.detail || undefined, id: m.id };
    });
    const first = out.findIndex((i) => i.id === want);
    if (first > 0) out.unshift(...out.splice(first, 1));
    if (first >= 0 && out[0]) out[0] = { ...out[0], label: `$(check) ${out[0].label}` };
    return out;
  })();
  const picked = await vscode.window.showQuickPick(items, { title: 'Venice: Image Model', placeHolder: 'Which model draws it?', matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  return models.find((m) => m.id === picked.id) ?? picked.id;
}

async function pickStyle(services: Services, preferred: string | undefined): Promise<string | undefined> {
  const items = (async (): Promise<Array<vscode.QuickPickItem & { value: string }>> => {
    const styles = await services.images.styles();
    const out = [{ label: 'No style', value: '' }, ...styles.map((s) => ({ label: safeText(s), value: s }))];
    const first = out.findIndex((i) => i.value === (preferred ?? ''));
    if (first > 0) out.unshift(...out.splice(first, 1));
    return out;
  })();
  const picked = await vscode.window.showQuickPick(items, { title: 'Venice: Image Style', placeHolder: 'A style preset (or none)', ignoreFocusOut: true });
  return picked?.value;
}

type SizeChoice = { aspectRatio?: string; width?: number; height?: number };

async function pickSize(constraints: ImageConstraints, preferred: SizeChoice | undefined): Promise<SizeChoice | undefined> {
  const items: Array<vscode.QuickPickItem & { value: SizeChoice }> = [];
  if (constraints.aspectRatios) {
    for (const r of constraints.aspectRatios) items.push({ label: r, description: r === constraints.defaultAspectRatio ? 'model default' : undefined, value: { aspectRatio: r } });
  } else {
    items.push({ label: 'Model default', description: 'usually 1024 × 1024', value: {} });
    for (const s of sizesFor(constraints)) items.push({ label: `${s.width} × ${s.height}`, description: s.label, value: { width: s.width, height: s.height } });
  }
  const same = (a: SizeChoice, b: SizeChoice | undefined): boolean => !!b && a.aspectRatio === b.aspectRatio && a.width === b.width && a.height === b.height;
  const first = items.findIndex((i) => same(i.value, preferred));
  if (first > 0) items.unshift(...items.splice(first, 1));
  const picked = await vscode.window.showQuickPick(items, { title: 'Venice: Image Size', placeHolder: 'Size or aspect ratio', ignoreFocusOut: true });
  return picked?.value;
}

/**
 * What to generate: the arguments (no UI for supplied fields; with a prompt, no UI at all and the
 * service fills the rest from the settings), else the pickers. Undefined = cancelled.
 */
async function collectRequest(services: Services, args: GenerateImageArgs | undefined): Promise<ImageRequest | undefined> {
  const prompt = args?.prompt ?? (await askPrompt());
  if (prompt === undefined) return undefined;
  if (args?.prompt !== undefined) return { ...args, prompt };

  const last = remembered(services);
  let model: VeniceModel | string | undefined = args?.model;
  if (model === undefined) {
    // Offered first: the default model setting, else the last pick, else Venice's default.
    model = await pickModel(services, async () => (config.image.model() || !last.model ? services.images.modelFor(undefined) : last.model));
    if (model === undefined) return undefined;
  }
  const modelId = typeof model === 'string' ? model : model.id;
  const style = args?.style ?? (await pickStyle(services, config.image.style() || last.style));
  if (style === undefined) return undefined;
  let size: SizeChoice | undefined = args?.aspectRatio !== undefined || args?.width !== undefined || args?.height !== undefined ? { aspectRatio: args?.aspectRatio, width: args?.width, height: args?.height } : undefined;
  if (!size) {
    const constraints = imageConstraints(typeof model === 'string' ? await services.models.find('image', model).catch(() => undefined) : model);
    size = await pickSize(constraints, last.size);
    if (size === undefined) return undefined;
  }
  await services.context.globalState.update(CHOICES_KEY, { model: modelId, style, size } satisfies RememberedChoices);
  return { ...args, prompt, model: modelId, style, ...size };
}

/** venice.generateImage: returns the written image URIs (as strings). */
export async function generateImage(services: Services, raw?: unknown): Promise<string[] | undefined> {
  const scripted = raw !== undefined && raw !== null;
  try {
    const args = parseGenerateImageArgs(raw);
    // A folder that cannot be used is said before any picker opens.
    const { dir } = await services.images.destination(args?.folder);
    const request = await collectRequest(services, args);
    if (!request) return undefined;
    const result = await withCancellableProgress(`Venice: generating ${request.variants && request.variants > 1 ? `${request.variants} images` : 'an image'}…`, (signal) =>
      services.images.generate(request, { signal }),
    );
    const first = result.uris[0];
    if (first) await openImage(first);
    if (result.blurred) {
      void vscode.window.showWarningMessage('Venice blurred this image because safe mode is on (venice.image.safeMode).');
    }
    if (!scripted) {
      const where = result.uris.length === 1 && first ? workspaceRelative(first) : `${result.uris.length} images in ${workspaceRelative(dir)}`;
      void notifyInfo(`Saved ${where}.`);
    }
    return result.uris.map((u) => u.toString());
  } catch (err) {
    return report('Image generation failed', err, scripted);
  }
}

// ---------- upscale and edit ----------

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'];

/** A URI from a menu (vscode.Uri), a script (`file:` URI string or workspace-relative path) or a plain URI object. */
export async function toUri(value: unknown, folder: vscode.WorkspaceFolder): Promise<vscode.Uri> {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value.trim()) {
    const text = value.trim();
    if (/^[a-z][a-z0-9+.-]+:/i.test(text)) return vscode.Uri.parse(text, true);
    const checked = await guardPath(text, [{ name: folder.name, path: folder.uri.fsPath }]);
    if (!checked.ok) throw new MediaInputError(`"${safeText(text)}" cannot be used: ${checked.reason}.`);
    return vscode.Uri.file(checked.absolute);
  }
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.scheme === 'string' && typeof o.path === 'string') return vscode.Uri.from({ scheme: o.scheme, path: o.path });
  }
  throw new MediaInputError('"uri" must be the image file (a URI or a workspace-relative path).');
}

/** The image the command should work on: the argument, the active image editor, or a file picker. */
export async function targetImage(arg: unknown, folder: vscode.WorkspaceFolder, title: string): Promise<vscode.Uri | undefined> {
  if (arg !== undefined) return toUri(arg, folder);
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active = tab instanceof vscode.TabInputCustom || tab instanceof vscode.TabInputText ? tab.uri : undefined;
  if (active && IMAGE_EXTENSIONS.includes(path.extname(active.path).slice(1).toLowerCase())) return active;
  const picked = await vscode.window.showOpenDialog({ title, defaultUri: folder.uri, canSelectMany: false, filters: { Images: IMAGE_EXTENSIONS } });
  return picked?.[0];
}

interface ImageCommandArgs {
  uri?: unknown;
  scale?: unknown;
  prompt?: unknown;
  model?: unknown;
}

/** First argument: a Uri (explorer menu) or `{ uri, … }` (scripts). */
function commandArgs(first: unknown, allowed: readonly string[], command: string): { args: ImageCommandArgs; scripted: boolean } {
  if (first === undefined || first === null) return { args: {}, scripted: false };
  if (first instanceof vscode.Uri) return { args: { uri: first }, scripted: false };
  if (typeof first !== 'object' || Array.isArray(first)) throw new MediaInputError(`The argument of ${command} must be an object such as { "uri": "…" }.`);
  const obj = first as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new MediaInputError(`Unknown option for ${command}: ${unknown.slice(0, 5).join(', ')}. Known: ${allowed.join(', ')}.`);
  return { args: obj, scripted: true };
}

/** venice.upscaleImage `{ uri, scale }`: writes `name-upscaled-2x.png` beside the original. */
export async function upscaleImage(services: Services, first?: unknown): Promise<string | undefined> {
  let scripted = false;
  try {
    const parsed = commandArgs(first, ['uri', 'scale'], COMMANDS.upscaleImage);
    scripted = parsed.scripted;
    const folder = writableWorkspaceFolder('Upscaling an image');
    const uri = await targetImage(parsed.args.uri, folder, 'Venice: Upscale Image');
    if (!uri) return undefined;
    let scale = parsed.args.scale;
    if (scale !== undefined && scale !== 2 && scale !== 4) throw new MediaInputError('"scale" must be 2 or 4.');
    if (scale === undefined) {
      // Say why the image cannot be used before asking anything about it.
      await readInputImage(uri, 'Upscale Image');
      const picked = await vscode.window.showQuickPick(
        [
          { label: '2×', description: 'twice the width and height', value: 2 as const },
          { label: '4×', description: 'four times (reduced automatically for large images)', value: 4 as const },
        ],
        { title: `Venice: Upscale ${path.basename(uri.fsPath)}`, placeHolder: 'How much larger?' },
      );
      if (!picked) return undefined;
      scale = picked.value;
    }
    const factor = scale as 2 | 4;
    const target = await withCancellableProgress(`Venice: upscaling ${path.basename(uri.fsPath)} ${factor}×…`, (signal) => services.images.upscale({ uri, scale: factor }, { signal }));
    await openImage(target);
    if (!scripted) void notifyInfo(`Saved ${workspaceRelative(target)}.`);
    return target.toString();
  } catch (err) {
    return report('Upscale failed', err, scripted);
  }
}

/** venice.editImage `{ uri, prompt, model? }`: writes `name-edited-<stamp>.png` beside the original. */
export async function editImage(services: Services, first?: unknown): Promise<string | undefined> {
  let scripted = false;
  try {
    const parsed = commandArgs(first, ['uri', 'prompt', 'model'], COMMANDS.editImage);
    scripted = parsed.scripted;
    const folder = writableWorkspaceFolder('Editing an image');
    const uri = await targetImage(parsed.args.uri, folder, 'Venice: Edit Image');
    if (!uri) return undefined;
    const model = parsed.args.model;
    if (model !== undefined && (typeof model !== 'string' || !model.trim() || model.length > 200)) throw new MediaInputError('"model" must be an image edit model id.');
    let prompt = parsed.args.prompt;
    if (prompt !== undefined && typeof prompt !== 'string') throw new MediaInputError('"prompt" must be text.');
    if (prompt === undefined) {
      // Say why the image cannot be used before asking what to change.
      await readInputImage(uri, 'Edit Image', MAX_EDIT_PIXELS);
      prompt = await vscode.window.showInputBox({
        title: `Venice: Edit ${path.basename(uri.fsPath)}`,
        prompt: 'What should change?',
        placeHolder: 'Make the sky a sunset',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Describe the edit.'),
      });
      if (prompt === undefined) return undefined;
    }
    const request = { uri, prompt: prompt as string, model: typeof model === 'string' ? model : undefined };
    const { uri: target, blurred } = await withCancellableProgress(`Venice: editing ${path.basename(uri.fsPath)}…`, (signal) => services.images.edit(request, { signal }));
    await openImage(target);
    if (blurred) void vscode.window.showWarningMessage('Venice blurred the edited image because safe mode is on (venice.image.safeMode).');
    if (!scripted) void notifyInfo(`Saved ${workspaceRelative(target)}.`);
    return target.toString();
  } catch (err) {
    return report('Image edit failed', err, scripted);
  }
}
