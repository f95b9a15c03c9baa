export function PortalApp() {
  return <main data-testid="portal-app">市民随手拍</main>;
}
