"use client";

import { useState } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

interface Props {
  open: boolean;
  onCancel: () => void;
  title: string;
  description: string;
  confirmLabel: string;
  /** Runs the destructive action; a thrown error is shown in the dialog, which stays open. */
  onConfirm: () => Promise<void>;
  confirmTestId?: string;
  returnFocusTo?: () => HTMLElement | null | undefined;
}

/** "Are you sure?" before something that cannot be undone. */
export function ConfirmDialog({
  open,
  onCancel,
  title,
  description,
  confirmLabel,
  onConfirm,
  confirmTestId,
  returnFocusTo,
}: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) return;
        setError(null);
        onCancel();
      }}
      title={title}
      description={description}
      returnFocusTo={returnFocusTo}
    >
      {error && (
        <p role="alert" className="mb-3 text-sm text-error-foreground">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm} disabled={pending} data-testid={confirmTestId}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
