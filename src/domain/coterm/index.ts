/** Co-term planning: the public API of src/domain/coterm. */
export { planCoTerm } from './plan.ts';
export { recommendAnchors, type AnchorRecommendation, type AnchorRecommendations, type RecommendAnchorsInput } from './recommend-anchors.ts';
export { type AnchorCandidate, type AnchorSource, type MonthDay } from './anchor-candidates.ts';
export { anchorOccurrenceIn, endsOnAnchor, isAnchorOccurrence, latestAlignedEndWithin } from './anchor-occurrence.ts';
export { serviceStub, type ServiceStubInput } from './service-stub.ts';
export * from './model.ts';
