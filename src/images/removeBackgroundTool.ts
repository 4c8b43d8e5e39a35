// remove_background, the chat tool: asks first (it costs credits and writes a file; the card shows
// Venice's price when the model list gives one), then writes `<name>-nobg.png` beside the image
// through the same code as the command. Never overwrites: a taken name is numbered.
import * as path from 'node:path';
import type { Services } from '../services';
import type { ToolRuntime } from '../tools/dispatcher';
import { ToolError } from '../tools/toolError';
import { done, rejectedByUser } from '../tools/handlers/outcome';
import type { ToolOutcome } from '../tools/types';
import { resolveToolPath, workspaceLabelOf, writeGuard } from '../tools/workspaceAccess';
import { MAX_EDIT_PIXELS } from './checks';
import { isMediaInputError } from './errors';
import { readInputImage } from './inputImage';
import { backgroundRemovalPrice, noBackgroundTarget, removeBackground } from './studio';
import { formatFromPath } from './naming';

export async function runRemoveBackgroundTool(services: Services, args: { path: string }, rt: ToolRuntime): Promise<ToolOutcome> {
  const source = await resolveToolPath(args.path);
  if (!source.exists || source.isDirectory) throw new ToolError(`${source.label} is not a file.`);
  if (!formatFromPath(source.label)) throw new ToolError(`${source.label} is not a PNG, JPEG or WebP image.`);
  const asToolError = (err: unknown): never => {
    throw isMediaInputError(err) ? new ToolError(err.message) : err;
  };
  // The image must be usable before anyone is asked to pay for it.
  await readInputImage(source.uri, 'Remove Background', MAX_EDIT_PIXELS).catch(asToolError);
  const planned = await resolveToolPath(path.relative(source.root.path, noBackgroundTarget(source.uri).fsPath).split(path.sep).join('/'));
  const price = await services.models.get('image', { signal: rt.signal }).then(backgroundRemovalPrice, () => undefined);
  const ok = await rt.approve({
    title: `Remove the background of ${source.label}`,
    detail: `Saves ${planned.label}${planned.exists ? ' (that name is taken, so the new file gets a number)' : ''}.\nThis uses Venice credits${price ? `: ${price}` : ''}.`,
    ...(await writeGuard(planned)),
  });
  if (!ok) return rejectedByUser(`remove the background of ${source.label}`);
  const result = await removeBackground(services.client, { uri: source.uri }, { signal: rt.signal }).catch(asToolError);
  const label = (await workspaceLabelOf(result.uri)) ?? planned.label;
  // A new file, never written over another: the answer's checkpoint keeps it as "did not exist".
  await rt.recordBefore([{ path: result.uri.fsPath, label, didNotExist: true }]);
  const kb = Math.max(1, Math.round(result.byteLength / 1024));
  return done(`Saved the image without its background to ${label} (PNG with transparency, ${kb} KB).`, `Removed background → ${label}`);
}
