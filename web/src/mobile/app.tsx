export function MobileApp() {
  return <main data-testid="mobile-app">网格员</main>;
}
