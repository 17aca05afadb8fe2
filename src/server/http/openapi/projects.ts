import type { ZodOpenApiPathsObject } from "zod-openapi";
import { projectBody, projectListBody, successBody } from "@/lib/contract/bodies";
import { createProjectBody, listProjectsQuery, updateProjectBody } from "../schemas/projects";
import { jsonResponse, PAGE_NOTE, userOperation } from "./operation";

const tag = "projects";

export const projectPaths = (): ZodOpenApiPathsObject => ({
  "/api/projects": {
    get: userOperation("get", {
      operationId: "listProjects",
      tag,
      summary: "Your projects, most recently updated first",
      description: `${PAGE_NOTE} Pass \`nextCursor\` back as \`cursor\` for the next page; null means the last page.`,
      query: listProjectsQuery,
      ok: { 200: jsonResponse(projectListBody, "Your projects") },
    }),
    post: userOperation("post", {
      operationId: "createProject",
      tag,
      summary: "Create a project",
      body: createProjectBody,
      ok: { 201: jsonResponse(projectBody, "Created") },
    }),
  },
  "/api/projects/{id}": {
    get: userOperation("get", {
      operationId: "getProject",
      tag,
      summary: "One of your projects",
      pathId: "Project id",
      ok: { 200: jsonResponse(projectBody, "The project") },
    }),
    patch: userOperation("patch", {
      operationId: "updateProject",
      tag,
      summary: "Change name, description, type, status or files",
      pathId: "Project id",
      body: updateProjectBody,
      ok: { 200: jsonResponse(projectBody, "The updated project") },
    }),
    delete: userOperation("delete", {
      operationId: "deleteProject",
      tag,
      summary: "Delete a project with its sessions and messages",
      pathId: "Project id",
      ok: { 200: jsonResponse(successBody, "Deleted") },
    }),
  },
});
