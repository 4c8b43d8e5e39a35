// Venice: Generate Video. Interactive: the prompt, a model that fits (text-to-video, or
// image-to-video when started on an image in the Explorer), its duration, resolution and aspect
// ratio, then the price quote and a question before anything is spent. With an argument object
// nothing is asked: the object is the consent to the cost (README). Then the queued job runs under a
// progress notification (assets/jobRunner.ts) and the .mp4 opens in VS Code's preview.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AssetInputError } from '../assets/errors';
import type { StudioHost } from '../assets/host';
import { reportFailure, type JobKindSpec, type JobRunner } from '../assets/jobRunner';
import type { PendingJob } from '../assets/jobStore';
import { config } from '../config';
import { settingId, SETTINGS } from '../ids';
import { slugify, timeStamp } from '../images/naming';
import { checkInputImage } from '../images/checks';
import { outputFolder, workspaceFileInside, workspaceRelative, writableWorkspaceFolder } from '../images/workspaceFiles';
import { safeText } from '../models/format';
import { guardPath } from '../tools/pathGuard';
import { notifyInfo } from '../ui/notify';
import { imageMimeType, sniffVideoType } from '../venice/media';
import { videoQueueBody, videoQuoteBody, type VideoJobRequest } from '../venice/queue';
import type { VeniceModel } from '../venice/types';
import { modelsFor, parseGenerateVideoArgs, videoArgsProblem, videoOptions, type GenerateVideoArgs } from './request';

/** The biggest video saved (they are rarely above 100 MB; the cap stops a runaway body). */
export const MAX_VIDEO_BYTES = 512 * 1024 * 1024;

export const VIDEO_JOB: JobKindSpec = {
  kind: 'video',
  queue: 'video',
  noun: 'video',
  maxBytes: MAX_VIDEO_BYTES,
  sniff: (head) => sniffVideoType(head),
  saveMetadata: () => config.video.saveMetadata(),
};

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(title: string, placeHolder: string, items: Array<Item<T>> | Promise<Array<Item<T>>>): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true }))?.value;
}

/** Where the first frame comes from: an Explorer file (Uri) or a workspace-relative path. */
async function imageDataUrl(source: vscode.Uri | string, folder: vscode.WorkspaceFolder): Promise<{ url: string; name: string }> {
  let uri: vscode.Uri;
  if (typeof source === 'string') {
    const checked = await guardPath(source, [{ name: folder.name, path: folder.uri.fsPath }]);
    if (!checked.ok) throw new AssetInputError(`"${safeText(source, 80)}" cannot be used: ${checked.reason}.`);
    uri = vscode.Uri.file(checked.absolute);
  } else uri = source;
  // Inside the workspace, a real PNG, JPEG or WebP of a usable size (the image feature's checks).
  await workspaceFileInside(uri, 'Generate Video');
  const bytes = await vscode.workspace.fs.readFile(uri);
  const { type } = checkInputImage(bytes, path.basename(uri.fsPath));
  return { url: `data:${imageMimeType(type)};base64,${Buffer.from(bytes).toString('base64')}`, name: path.basename(uri.fsPath) };
}

async function askPrompt(image: string | undefined): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title: image ? `Venice: Generate Video from ${image}` : 'Venice: Generate Video',
    prompt: image ? 'Describe the motion' : 'Describe the video',
    placeHolder: image ? 'The camera slowly pulls back' : 'A gondola gliding through Venice at dawn, cinematic',
    ignoreFocusOut: true,
    validateInput: (t) => (!t.trim() ? 'Describe the video.' : t.trim().length > 2500 ? 'At most 2,500 characters.' : undefined),
  });
  return v?.trim() || undefined;
}

/** Fills what the arguments leave open: pickers when interactive, the model's first choices when scripted. */
async function collect(host: StudioHost, args: GenerateVideoArgs, prompt: string, hasImage: boolean, scripted: boolean): Promise<VideoJobRequest | undefined> {
  const all = await host.models.get('video');
  const fitting = modelsFor(all, hasImage);
  let model: VeniceModel | undefined;
  if (args.model) model = all.find((m) => m.id === args.model);
  else if (scripted) model = fitting.find((m) => m.model_spec.traits?.includes('default')) ?? fitting[0];
  else {
    if (!fitting.length) throw new AssetInputError(`Venice lists no ${hasImage ? 'image-to-video' : 'text-to-video'} model for this key.`);
    model = await pick(
      'Venice: Video Model',
      hasImage ? 'Which model animates the image?' : 'Which model makes the video?',
      fitting.map((m) => {
        const o = videoOptions(m);
        return { label: safeText(m.model_spec.name || m.id), description: safeText(m.id), detail: `${o.durations.join(' · ')}${o.resolutions.length ? ` — ${o.resolutions.join(' · ')}` : ''}`, value: m };
      }),
    );
    if (!model) return undefined;
  }
  const id = args.model ?? model?.id;
  if (!id) throw new AssetInputError(`Venice lists no ${hasImage ? 'image-to-video' : 'text-to-video'} model for this key.`);
  const o = videoOptions(model);
  let duration = args.duration;
  if (!duration) {
    duration = scripted || o.durations.length <= 1 ? (o.durations[0] ?? '5s') : await pick('Venice: Video Length', 'How long?', o.durations.map((d) => ({ label: d, value: d })));
    if (!duration) return undefined;
  }
  let resolution = args.resolution;
  if (!resolution && !scripted && o.resolutions.length > 1) {
    resolution = await pick('Venice: Video Resolution', 'Resolution', o.resolutions.map((r) => ({ label: r, value: r })));
    if (!resolution) return undefined;
  }
  let aspectRatio = args.aspectRatio;
  if (!aspectRatio && !scripted && o.aspectRatios.length > 1) {
    aspectRatio = await pick('Venice: Video Aspect Ratio', 'Aspect ratio', o.aspectRatios.map((r) => ({ label: r, value: r })));
    if (!aspectRatio) return undefined;
  }
  const problem = videoArgsProblem(model, { prompt, duration, resolution, aspectRatio, hasImage });
  if (problem) throw new AssetInputError(problem);
  return { model: id, prompt, duration, resolution, aspectRatio };
}

/** A video job ready to be quoted and queued. */
export interface VideoPlan {
  request: VideoJobRequest;
  folder: vscode.WorkspaceFolder;
  dir: vscode.Uri;
  imageName?: string;
}

/**
 * Everything up to the price: the output folder (checked first), the first frame, the prompt and
 * the model's options. Undefined when the user cancelled a picker. `scripted` asks nothing.
 */
export async function planVideo(host: StudioHost, args: GenerateVideoArgs, explorerImage: vscode.Uri | undefined, scripted: boolean): Promise<VideoPlan | undefined> {
  const folder = writableWorkspaceFolder('Generating a video');
  const dir = await outputFolder(folder, config.video.outputFolder(), `The setting ${settingId(SETTINGS.videoOutputFolder)}`);
  const imageSource = explorerImage ?? args.image;
  const image = imageSource !== undefined ? await imageDataUrl(imageSource, folder) : undefined;
  const prompt = args.prompt ?? (scripted ? undefined : await askPrompt(image?.name));
  if (!prompt) {
    if (scripted) throw new AssetInputError('"prompt" is required: describe the video.');
    return undefined;
  }
  const request = await collect(host, args, prompt, image !== undefined, scripted);
  if (!request) return undefined;
  if (image) request.imageUrl = image.url;
  return { request, folder, dir, imageName: image?.name };
}

/** Queues the planned video (it is paid for from here on) and remembers it. */
export function queueVideo(runner: JobRunner, plan: VideoPlan, quote: number): Promise<PendingJob> {
  const r = plan.request;
  return runner.queue(VIDEO_JOB, videoQueueBody(r), {
    folder: plan.folder.uri.toString(),
    dir: plan.dir.fsPath,
    stem: `${slugify(r.prompt, 48, 'video')}-${timeStamp()}`,
    meta: { prompt: r.prompt, model: r.model, format: 'mp4', duration: r.duration, resolution: r.resolution, aspectRatio: r.aspectRatio, ...(plan.imageName ? { sourceImage: plan.imageName } : {}) },
    quoteUsd: quote,
  });
}

export function describeVideo(plan: VideoPlan): string {
  const r = plan.request;
  const parts = [r.model, r.duration, r.resolution, r.aspectRatio].filter(Boolean).join(', ');
  return `${parts}${plan.imageName ? `\nFirst frame: ${plan.imageName}` : ''}\nPrompt: ${safeText(r.prompt, 300)}`;
}

/** venice.generateVideo: the written .mp4's URI (as a string); undefined when cancelled or (interactive) failed. */
export async function generateVideo(host: StudioHost, runner: JobRunner, first: unknown): Promise<string | undefined> {
  const fromExplorer = first instanceof vscode.Uri ? first : undefined;
  const scripted = !fromExplorer && first !== undefined && first !== null;
  try {
    const args = fromExplorer ? {} : (parseGenerateVideoArgs(first) ?? {});
    const plan = await planVideo(host, args, fromExplorer, scripted);
    if (!plan) return undefined;
    const quote = await host.client.quoteMedia('video', videoQuoteBody(plan.request));
    if (!scripted && !(await runner.confirmPrice('video', quote, describeVideo(plan)))) return undefined;
    const job = await queueVideo(runner, plan, quote);
    const uri = await runner.run(VIDEO_JOB, job, scripted);
    if (!uri) return undefined;
    await showVideo(uri, scripted);
    return uri.toString();
  } catch (err) {
    if (scripted) throw err instanceof Error ? err : new Error(String(err));
    reportFailure(host, 'Video generation failed', err);
    return undefined;
  }
}

/** Opens the video in VS Code's media preview, and says where it is. */
export async function showVideo(uri: vscode.Uri, quiet: boolean): Promise<void> {
  try {
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  } catch {
    // The file is written; failing to show it is not worth an error.
  }
  if (!quiet) void notifyInfo(`Saved ${workspaceRelative(uri)}.`);
}
