import CallMerge from '@material-ui/icons/CallMerge';

/** The plugin's icon in the sidebar and page header. */
export function GitOpsIcon() {
  return <CallMerge fontSize="inherit" />;
}
