// Ctrl-C handling: the first SIGINT/SIGTERM asks the run to stop cleanly (servers stopped, tables and keys
// removed, results saved); a second one exits at once with 130.

export function onInterrupt(stop: () => void): () => void {
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) stop();
    else process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
