// The text of `wasi-studio --help`.
import { exitCodeTable } from './exitCodes';

export function helpText(version: string): string {
  return `wasi-studio ${version}: run, inspect and check WebAssembly/WASI modules and WIT packages

usage:
  wasi-studio run [flags] MODULE.wasm [ARGS...]
  wasi-studio inspect [--json] MODULE.wasm
  wasi-studio check [--features a,b | --all-features] [--format text|json] PATH...
  wasi-studio --help | --version

run flags (before MODULE; everything after MODULE goes to the module):
  --dir HOST[::GUEST][:ro]   preopen HOST as GUEST (default: the same spelling); :ro refuses every write
  --env K=V                  set an environment variable (repeatable)
  --inherit-env              also pass this process's environment
  --policy FILE.json         base policy in the launch-configuration shape (args, env, inheritEnv,
                             preopens[{host,guest,readonly}], stdin, allow, accessLog); flags add to it
  --stdin FILE               the module's standard input (default: this process's stdin)
  --log FILE                 write the capability-access log as JSON Lines
  --log-detail               one log record per call, with caller locations (no folding)
  --summary                  print a summary of the access log on stderr at the end
  --timeout MS               stop the module after MS milliseconds of wall-clock time
  --max-memory MB            stop the module when its linear memory grows past MB megabytes
  --max-fds N                at most N open descriptors (default 1024)
  --deterministic[=SEED]     seeded random_get and a virtual clock: identical runs, identical logs
  --listen HOST:PORT         preopen a listening TCP socket (after the directories; needs --allow sockets);
                             port 0 picks a free port, printed on stderr
  --allow LIST / --deny LIST capability switches: clock, random, sockets, exit
                             (defaults: clock, random and exit allowed, sockets denied)

exit codes: the module's own exit code when it runs to the end, otherwise
${exitCodeTable()}
`;
}
