export default function UsersPage() {
  return <div />;
}
