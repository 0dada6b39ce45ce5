import { Form } from "@remix-run/react";
import type { ComponentProps } from "react";

/** A form that asks once before a destructive submit. */
export function ConfirmForm({
  confirmText,
  ...props
}: ComponentProps<typeof Form> & { confirmText: string }) {
  return (
    <Form
      {...props}
      onSubmit={(event) => {
        if (!window.confirm(confirmText)) event.preventDefault();
      }}
    />
  );
}
