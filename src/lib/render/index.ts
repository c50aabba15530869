export * from './colormap';
export * from './grey';
export * from './overlay';
export * from './sharpness';
