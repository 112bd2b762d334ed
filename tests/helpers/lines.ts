// A child process's output line by line (ready lines on stdout, JSON log lines on stderr).

/** Reads a stream line by line into `onLine` until it ends (a last line without "\n" is dropped). */
export async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      onLine(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
    }
  }
}
