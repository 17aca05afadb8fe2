export * from "./auth";
export * from "./chat";
export * from "./imports";
export * from "./organize";
export * from "./projects";
export * from "./sharing";
export * from "./summaries";
export * from "./templates";
