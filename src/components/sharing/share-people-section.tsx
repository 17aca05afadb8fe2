"use client";

import { Loader2, UserMinus } from "lucide-react";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import type { ChatSessionShare, ShareRole } from "@/lib/contract/entities";
import { RoleSelect } from "./role-select";
import { describeInviteError, useShares } from "./use-shares";

/**
 * The share dialog's "People" section: invite a Craft user by email as viewer or collaborator,
 * and the people with access, each with their role to change and a Remove that can be undone.
 */
export function SharePeopleSection({ chatSessionId }: { chatSessionId: string }) {
  const people = useShares(chatSessionId, true);
  const ids = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ShareRole>("collaborator");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  // The last person removed, to invite back as they were.
  const [removed, setRemoved] = useState<ChatSessionShare | null>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  // The removed row and its button are gone: the focus goes to what undoes it, once shown.
  useEffect(() => {
    if (removed) undoButton.current?.focus();
  }, [removed]);

  async function invite(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const share = await people.invite(email, role);
      setNotice(`Shared with ${share.name} as ${role}.`);
      setEmail("");
    } catch (e) {
      setError(describeInviteError(e));
    } finally {
      setPending(false);
      emailInput.current?.focus();
    }
  }

  async function act(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={invite} className="space-y-2" aria-label="Invite someone">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="min-w-0 flex-1">
            <Label htmlFor={`${ids}-email`}>Email</Label>
            <Input
              ref={emailInput}
              id={`${ids}-email`}
              type="email"
              required
              autoComplete="off"
              placeholder="name@example.com"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error !== null}
              aria-describedby={error ? `${ids}-error` : undefined}
              data-testid="share-email"
            />
          </div>
          <div>
            <Label htmlFor={`${ids}-role`}>Role</Label>
            <RoleSelect
              id={`${ids}-role`}
              value={role}
              onChange={setRole}
              className="w-full sm:w-auto"
              testId="share-role"
            />
          </div>
          <Button type="submit" disabled={pending || !email.trim()} data-testid="share-invite">
            {pending && <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" />}
            Invite
          </Button>
        </div>
        {error && (
          <p
            id={`${ids}-error`}
            role="alert"
            className="rounded-md border border-error-border bg-error px-3 py-2 text-sm text-error-foreground"
          >
            {error}
          </p>
        )}
        <p role="status" className="sr-only">
          {notice}
        </p>
      </form>

      <div>
        <h4 id={`${ids}-people`} className="mb-1.5 text-sm font-medium">
          People with access
        </h4>
        {people.error && (
          <p role="alert" className="text-sm text-error-foreground">
            {people.error}
          </p>
        )}
        {people.shares === null ? (
          !people.error && (
            <p className="text-sm text-muted-foreground" role="status">
              Loading…
            </p>
          )
        ) : (
          <ul
            aria-labelledby={`${ids}-people`}
            className="divide-y divide-border rounded-lg border border-border"
            data-testid="share-people"
          >
            <li className="flex items-center gap-3 px-3 py-2 text-sm">
              <span className="min-w-0 flex-1 font-medium">You</span>
              <span className="text-muted-foreground">Owner</span>
            </li>
            {people.shares.map((share) => (
              <li
                key={share.userId}
                className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2 text-sm"
                data-testid="share-person"
                data-email={share.email}
              >
                <div className="min-w-0 flex-1 basis-40">
                  <p className="truncate font-medium">{share.name}</p>
                  <p className="truncate text-xs text-muted-foreground">{share.email}</p>
                </div>
                <RoleSelect
                  value={share.role}
                  label={`Role of ${share.name}`}
                  className="h-8"
                  onChange={(next) => void act(() => people.setRole(share.userId, next))}
                  testId="share-person-role"
                />
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove ${share.name}`}
                  title={`Remove ${share.name}`}
                  className="text-muted-foreground hover:text-error-foreground"
                  onClick={() =>
                    void act(async () => {
                      await people.remove(share.userId);
                      setRemoved(share);
                      setNotice("");
                    })
                  }
                  data-testid="share-remove"
                >
                  <UserMinus className="h-4 w-4" />
                </Button>
              </li>
            ))}
          </ul>
        )}
        {people.shares?.length === 0 && (
          <p className="mt-2 text-sm text-muted-foreground">
            Only you can see this chat. Invite someone by their Craft email.
          </p>
        )}
        {removed && (
          <div
            role="status"
            className="mt-2 flex items-center gap-2 text-sm text-muted-foreground"
            data-testid="share-removed"
          >
            <span className="min-w-0 flex-1 truncate">{removed.name} no longer has access.</span>
            <Button
              ref={undoButton}
              variant="secondary"
              size="sm"
              onClick={() =>
                void act(async () => {
                  await people.invite(removed.email, removed.role);
                  setRemoved(null);
                })
              }
            >
              Undo
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
