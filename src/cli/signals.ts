// Ctrl-C handling: the first SIGINT/SIGTERM asks the run to stop cleanly (servers stopped, tables and keys
// removed, results saved); a second one exits at once with 130. A closed stdout or stderr (`poolbench run …
// | head`) stops the run the same clean way instead of killing it with EPIPE mid-run.

export function onInterrupt(stop: () => void): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) stop();
    else process.exit(130);
  };
  const onStreamError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' && count === 0) handler();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    process.stdout.off('error', onStreamError);
    process.stderr.off('error', onStreamError);
  };
}
