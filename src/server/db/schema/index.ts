export * from "./auth";
export * from "./chat";
export * from "./projects";
