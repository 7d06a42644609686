// Preloaded into a timed child (`node --require bench/lib/report-cpu.cjs …`): at exit it writes the
// process's own CPU time, user + system of all its threads (GC helpers included), as JSON to fd 3.
// CPU time is what a loaded, shared machine does not inflate the way it inflates wall time.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  writeSync(3, JSON.stringify({ cpuMs: (userCPUTime + systemCPUTime) / 1000 }));
});
