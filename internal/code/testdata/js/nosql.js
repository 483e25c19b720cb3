const { MongoClient } = require('mongodb');

exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const users = (await MongoClient.connect('mongodb://db')).db('app').collection('users');
  const user = await users.findOne({ name: body.name, password: body.password }); // want nosql-injection

  // good: values coerced to strings; path parameters are strings
  await users.findOne({ name: String(body.name) });
  await users.findOne({ _id: event.pathParameters.id });
  const items = [1, 2].find((x) => x === body.n);
  return { user, items };
};
