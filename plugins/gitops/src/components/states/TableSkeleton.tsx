import Skeleton from '@material-ui/lab/Skeleton';

/** Placeholder rows while a table loads. */
export function TableSkeleton(props: { rows?: number; label: string }) {
  const rows = Array.from({ length: props.rows ?? 5 }, (_, i) => i);
  return (
    <div role="progressbar" aria-busy="true" aria-label={props.label}>
      {rows.map(i => (
        <Skeleton key={i} variant="text" height={36} />
      ))}
    </div>
  );
}
