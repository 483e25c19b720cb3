'use strict';

const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGO_URL);

exports.handler = async (event) => {
  const { username, password } = JSON.parse(event.body);
  const users = client.db('app').collection('users');
  const user = await users.findOne({ username: String(username), password: String(password) });
  if (!user) {
    return { statusCode: 401 };
  }
  await client.db('app').collection('sessions').deleteMany({ user: user._id, device: event.pathParameters.device });
  return { statusCode: 200, body: JSON.stringify({ id: user._id }) };
};
