/**
 * Reads a GitHub Actions file command ($GITHUB_ENV, $GITHUB_OUTPUT) the way the runner does: `NAME=value` lines, and
 * `NAME<<DELIMITER` … `DELIMITER` blocks for values that span lines (whichever of '=' and '<<' comes first decides).
 * An unterminated block or an entry without a name is an error, as on the runner. Later entries win.
 */
export function parseGithubFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, "");
    if (line === "") continue;
    const eq = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      if (eq === 0) throw new Error(`line ${i + 1}: an entry without a name: '${line}'`);
      out.set(line.slice(0, eq), line.slice(eq + 1));
      continue;
    }
    if (heredoc <= 0) throw new Error(`line ${i + 1}: neither NAME=value nor NAME<<DELIMITER: '${line}'`);
    const delimiter = line.slice(heredoc + 2);
    const value: string[] = [];
    for (i++; i < lines.length && lines[i].replace(/\r$/, "") !== delimiter; i++) value.push(lines[i]);
    if (i >= lines.length) throw new Error(`no closing ${delimiter} for ${line.slice(0, heredoc)}`);
    out.set(line.slice(0, heredoc), value.join("\n"));
  }
  return out;
}
