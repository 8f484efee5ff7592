/** Runs a benchmark's main and exits: 0 when it finished, 1 (with the error printed) when it threw. */
export function runToExit(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
