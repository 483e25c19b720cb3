'use strict';

exports.handler = async (event, context) => {
  console.log('received', event.requestContext.requestId, event.httpMethod, event.path);
  const { email } = JSON.parse(event.body);
  if (!email) {
    console.error('bad request', context.awsRequestId);
    return { statusCode: 400 };
  }
  console.debug('stage', process.env.STAGE);
  return { statusCode: 201 };
};
