export * from "./auth";
export * from "./chat";
export * from "./organize";
export * from "./projects";
export * from "./share-links";
export * from "./summaries";
export * from "./templates";
