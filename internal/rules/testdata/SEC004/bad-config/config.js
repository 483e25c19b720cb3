'use strict';

module.exports = {
  region: 'eu-west-1',
  accessKeyId: 'AKIAPTGZ6JFEBZSDOXRL',
  secretAccessKey: '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',
  bucket: 'acme-reports-prod',
};
