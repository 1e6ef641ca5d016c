// Names a user custodian of environments through the API (admin token), as an admin would. Since
// custody findings are delivered (issue 17 item 3), an environment without a custodian raises "no
// custodian" by email, webhook and bell on the first sweep; specs about a certificate's or a CA's
// reminders name one so that what they count is the thing under test.
export async function nameCustodian(
  baseUrl: string,
  token: string,
  email: string,
  environmentIds: string[],
): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const users = (await (await fetch(`${baseUrl}/api/v1/users`, { headers })).json()) as {
    users: { id: string; email: string }[];
  };
  const user = users.users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  for (const environmentId of environmentIds) {
    const named = await fetch(`${baseUrl}/api/v1/environments/${environmentId}/custodians`, {
      method: "POST",
      headers,
      body: JSON.stringify({ userId: user.id }),
    });
    if (named.status !== 201)
      throw new Error(
        `naming ${email} custodian of ${environmentId}: ${named.status} ${await named.text()}`,
      );
  }
}
