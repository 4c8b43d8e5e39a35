// list_files: workspace file paths, optionally filtered by a glob, capped.
import { defineTool } from '../dispatcher';
import { toolSpec } from '../schemas';
import { plural } from '../text';
import { done } from './outcome';
import { checkGlob, listWorkspaceFiles } from './workspaceFiles';

export const MAX_LISTED_FILES = 500;

export const listFilesTool = defineTool<{ glob?: string }>(toolSpec('list_files'), async (args, rt) => {
  const glob = checkGlob(args.glob);
  const { files, hitLimit, outside } = await listWorkspaceFiles(glob, MAX_LISTED_FILES, rt.signal);
  const notes: string[] = [];
  if (hitLimit) notes.push(`[Truncated: only the first ${MAX_LISTED_FILES} files are listed; use a narrower glob.]`);
  if (outside) notes.push(`[${plural(outside, 'match', 'matches')} left out: linked from outside the workspace.]`);
  const body = files.length ? files.map((f) => f.label).join('\n') : `No files match ${JSON.stringify(glob)}.`;
  const summary = `Listed ${plural(files.length, 'file')}${args.glob ? ` matching ${args.glob}` : ''}${hitLimit ? ' (truncated)' : ''}`;
  return done([body, ...notes].join('\n'), summary);
});
