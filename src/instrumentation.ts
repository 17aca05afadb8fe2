// Runs once when the server starts: open and migrate the database now, not on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { openAtStartup } = await import("./server/startup");
  await openAtStartup();
}
