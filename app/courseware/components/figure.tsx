export function Figure(props: {
  src?: string;
  alt?: string;
  caption?: string;
  width?: string;
  height?: string;
}) {
  return (
    <figure className="lesson-figure my-6 print:break-inside-avoid">
      <img
        src={props.src}
        alt={props.alt ?? ""}
        width={props.width}
        height={props.height}
        loading="lazy"
        decoding="async"
        className="mx-auto h-auto max-w-full"
      />
      {props.caption ? (
        <figcaption className="mt-2 text-center text-sm text-slate-600">{props.caption}</figcaption>
      ) : null}
    </figure>
  );
}
