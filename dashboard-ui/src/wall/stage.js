/** The wall is designed at 1920x1080 and scaled as a whole, so every screen shows the same layout. */
export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

/**
 * Scales {@code stage} to the largest size that fits the window without cropping or stretching
 * (contain-fit), centred, the rest letterboxed. Returns a function that stops following resizes.
 */
export function fitStage(stage) {
  const fit = () => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const scale = Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT);
    const left = Math.round((width - DESIGN_WIDTH * scale) / 2);
    const top = Math.round((height - DESIGN_HEIGHT * scale) / 2);
    stage.style.transform = `translate(${left}px, ${top}px) scale(${scale})`;
  };
  fit();
  window.addEventListener('resize', fit);
  return () => window.removeEventListener('resize', fit);
}
