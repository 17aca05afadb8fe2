import { type ImportFile, ImportFormatError } from "./conversation";

// Stands in for Craft's own export reader, which is written on another branch and replaces
// this file when they meet.
export function openCraftExport(_path: string, _totalBytes: number): ImportFile {
  throw new ImportFormatError("Craft exports are not readable yet");
}
