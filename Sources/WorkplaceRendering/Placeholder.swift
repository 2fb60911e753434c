// WorkplaceRendering
