"use client";

import { ChevronRight, MessageSquare, PanelLeft, PanelLeftClose } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { AppHeader } from "@/components/app-header";
import { ChatPanel, type ChatPanelProps } from "@/components/chat/chat-panel";
import { SearchProvider } from "@/components/search/search-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import type { Project } from "@/lib/contract/entities";
import { LiveEventsProvider } from "./live-events";
import { ProjectPane } from "./project-pane";

interface Props extends Omit<ChatPanelProps, "projectId"> {
  userName: string;
  project: Project;
}

/** The coding interface: the project pane beside the chat; on a phone, one at a time. */
export function ProjectWorkspace({ userName, project, ...chat }: Props) {
  const [showProject, setShowProject] = useState(false);
  const [paneHidden, setPaneHidden] = usePaneHidden();
  // A project with no description and no files needs little room.
  const empty = !project.description && Object.keys(project.files).length === 0;
  return (
    <LiveEventsProvider>
      <SearchProvider>
        <div className="flex h-dvh flex-col">
          <AppHeader userName={userName}>
            <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1 text-sm">
              <Button
                variant="ghost"
                size="icon"
                className="hidden md:inline-flex"
                onClick={() => setPaneHidden(!paneHidden)}
                aria-expanded={!paneHidden}
                aria-controls="project-pane"
                aria-label={paneHidden ? "Show the project" : "Hide the project"}
                title={paneHidden ? "Show the project" : "Hide the project"}
                data-testid="collapse-pane"
              >
                {paneHidden ? (
                  <PanelLeft className="h-4 w-4" />
                ) : (
                  <PanelLeftClose className="h-4 w-4" />
                )}
              </Button>
              <Link
                href="/projects"
                className="hidden text-muted-foreground hover:text-foreground sm:inline"
              >
                Projects
              </Link>
              <ChevronRight className="hidden h-4 w-4 shrink-0 text-muted-foreground sm:inline" />
              <span className="truncate font-medium">{project.name}</span>
            </nav>
          </AppHeader>
          <div className="flex min-h-0 flex-1">
            <aside
              id="project-pane"
              className={cn(
                "w-full flex-col border-border md:border-r",
                showProject ? "flex" : "hidden",
                !paneHidden && "md:flex",
                empty ? "md:w-60" : "md:w-72 lg:w-80",
              )}
              aria-label="Project"
            >
              <ProjectPane project={project} />
            </aside>
            <main className={`${showProject ? "hidden" : "flex"} min-w-0 flex-1 flex-col md:flex`}>
              <ChatPanel projectId={project.id} {...chat} />
            </main>
          </div>
          <div className="border-t border-border p-2 md:hidden">
            <Button
              variant="secondary"
              className="w-full"
              onClick={() => setShowProject((v) => !v)}
              data-testid="toggle-pane"
            >
              {showProject ? (
                <MessageSquare className="h-4 w-4" />
              ) : (
                <PanelLeft className="h-4 w-4" />
              )}
              {showProject ? "Back to the chat" : "Show the project"}
            </Button>
          </div>
        </div>
      </SearchProvider>
    </LiveEventsProvider>
  );
}

const PANE_KEY = "craft.projectPaneHidden";

/** Whether the desktop project pane is hidden; remembered in this browser. */
function usePaneHidden(): [boolean, (hidden: boolean) => void] {
  const [hidden, setHidden] = useState(false);
  // Read after the first render: the server cannot know, and both renders must agree.
  useEffect(() => setHidden(localStorage.getItem(PANE_KEY) === "1"), []);
  return [
    hidden,
    (next) => {
      setHidden(next);
      localStorage.setItem(PANE_KEY, next ? "1" : "0");
    },
  ];
}
