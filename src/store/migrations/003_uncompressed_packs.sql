-- Renewal packs are written in bulk (a first cadence day writes one per
-- renewal in the horizon) and read whole; PostgreSQL's built-in compression
-- took longer than the rest of storing a pack, for about a third of the disk.
-- Stored out of line, uncompressed.
ALTER TABLE renewal_packs ALTER COLUMN content SET STORAGE EXTERNAL;
