'use strict';

exports.handler = async (event, context) => {
  console.log('received', JSON.stringify(event)); // want CODE011
  const { email } = JSON.parse(event.body);
  if (!email) {
    console.error('bad request', event); // want CODE011
    return { statusCode: 400 };
  }
  console.debug('environment', process.env); // want CODE011
  console.info('signup', context.awsRequestId);
  return { statusCode: 201 };
};
