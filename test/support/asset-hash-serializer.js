// Asset hashes change with every edit of a handler; a snapshot should change only when the
// template's shape does.
const HASH = /[0-9a-f]{64}/g;

module.exports = {
  test: (value) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value, config, indentation, depth, refs, printer) =>
    printer(value.replace(HASH, '[ASSET-HASH]'), config, indentation, depth, refs),
};
